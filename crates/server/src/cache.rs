//! Answers kept for the catalog they were computed on. A dyad's report costs a pass over
//! a year or more of events; the dashboard asks for the same report as JSON, as a chart
//! and as CSV, and many readers ask for the same few dyads. A report is kept under its
//! request and the catalog revision, so a new commit is never answered from an older
//! catalog. Concurrent requests for one key compute it once (the others wait for it).
//! At most `capacity` reports are kept; the oldest goes first.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

type Slot<T> = Arc<OnceCell<Arc<T>>>;

/// The slots by key, and the keys oldest first.
type Slots<T> = (HashMap<String, Slot<T>>, VecDeque<String>);

pub(crate) struct Kept<T> {
    capacity: usize,
    slots: Mutex<Slots<T>>,
}

impl<T> Kept<T> {
    pub(crate) fn new(capacity: usize) -> Kept<T> {
        Kept {
            capacity,
            slots: Mutex::new((HashMap::new(), VecDeque::new())),
        }
    }

    fn slot(&self, key: &str) -> Slot<T> {
        let mut guard = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        let (map, order) = &mut *guard;
        if let Some(s) = map.get(key) {
            return s.clone();
        }
        let s: Slot<T> = Arc::new(OnceCell::new());
        map.insert(key.to_string(), s.clone());
        order.push_back(key.to_string());
        while order.len() > self.capacity {
            if let Some(old) = order.pop_front() {
                map.remove(&old);
            }
        }
        s
    }

    /// The value kept under `key`, computing it with `make` when there is none; a
    /// failure is not kept.
    pub(crate) async fn get_or_try<E, F>(&self, key: &str, make: F) -> Result<Arc<T>, E>
    where
        F: AsyncFnOnce() -> Result<T, E>,
    {
        let slot = self.slot(key);
        slot.get_or_try_init(async || make().await.map(Arc::new))
            .await
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_computation_per_key_and_the_oldest_goes_first() {
        let kept: Arc<Kept<usize>> = Arc::new(Kept::new(2));
        let runs = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (kept, runs) = (kept.clone(), runs.clone());
            tasks.push(tokio::spawn(async move {
                kept.get_or_try::<(), _>("a", async || {
                    runs.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    Ok(7)
                })
                .await
                .unwrap()
            }));
        }
        for t in tasks {
            assert_eq!(*t.await.unwrap(), 7);
        }
        assert_eq!(
            runs.load(Ordering::SeqCst),
            1,
            "concurrent askers wait for one computation"
        );
        let fail = kept.get_or_try::<&str, _>("b", async || Err("no")).await;
        assert!(fail.is_err());
        let ok = kept
            .get_or_try::<&str, _>("b", async || Ok(2))
            .await
            .unwrap();
        assert_eq!(*ok, 2, "a failure is not kept");
        kept.get_or_try::<(), _>("c", async || Ok(3)).await.unwrap();
        // Capacity 2: "a" went first.
        let again = kept.get_or_try::<(), _>("a", async || Ok(9)).await.unwrap();
        assert_eq!(*again, 9);
    }
}
