"""The dyad question as DuckDB answers it, shared by bench/dyad.sh and bench/api.sh: the
daily aggregate vigil's dyad series is computed from (events each way by quad class,
Goldstein and tone sums, volumes of events involving either country), over vigil's own
Parquet files."""
import duckdb


def connect(store, load=False):
    """A connection with `events` over vigil's Parquet files: a view (each query reads the
    files), or with load=True a table DuckDB builds once in memory (its own format, as its
    documentation recommends for repeated queries; not timed)."""
    con = duckdb.connect()
    con.execute("SET threads=2")
    kind = "TABLE" if load else "VIEW"
    con.execute(f"CREATE {kind} events AS SELECT * FROM read_parquet('{store}/events/**/*.parquet')")
    return con


def sql(a, b, dates=None):
    """dates: (first, last) as YYYY-MM-DD, or None for all days."""
    cols = []
    for d, cond in (("ab", f"actor1_country = '{a}' AND actor2_country = '{b}'"),
                    ("ba", f"actor1_country = '{b}' AND actor2_country = '{a}'")):
        for q in range(1, 5):
            cols.append(f"sum(CASE WHEN {cond} AND quad_class = {q} THEN 1 ELSE 0 END) AS {d}{q}")
        cols.append(f"sum(CASE WHEN {cond} THEN goldstein ELSE 0 END) AS {d}_gold")
        cols.append(f"sum(CASE WHEN {cond} AND tone IS NOT NULL THEN tone ELSE 0 END) AS {d}_tone")
    where = f"(actor1_country IN ('{a}', '{b}') OR actor2_country IN ('{a}', '{b}'))"
    if dates:
        where = f"date BETWEEN DATE '{dates[0]}' AND DATE '{dates[1]}' AND {where}"
    return f"""SELECT date, {', '.join(cols)},
  sum(CASE WHEN actor1_country = '{a}' OR actor2_country = '{a}' THEN 1 ELSE 0 END) AS vol_a,
  sum(CASE WHEN actor1_country = '{b}' OR actor2_country = '{b}' THEN 1 ELSE 0 END) AS vol_b,
  count(*) AS vol_either
  FROM events WHERE {where}
  GROUP BY date ORDER BY date"""
