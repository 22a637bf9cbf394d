"""From scored pairs to people: connected components with guards against over-merging.

A cluster that is implausibly large, holds dates of birth that cannot belong to one person, or
joins two records a reviewer said are different, is split by dropping its weakest links
(raising the threshold step by step). What still conflicts is kept and marked for review.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from stalkscreen.link import tables
from stalkscreen.link.settings import LinkSettings

# A day/month swap is the same birthday keyed twice, so both orders share one key.
DOB_KEY = ("CASE WHEN day(dob) <= 12 THEN least(dob, make_date(year(dob), day(dob), month(dob))) "
           "ELSE dob END")


def components(con: duckdb.DuckDBPyConnection, edges: str, out: str) -> None:
    """out(node, component, p): each node of edges(a, b, p) labelled by the lowest node id it
    reaches, with its strongest link p.

    Nodes are numbered in whatever order DuckDB groups them (no sort); labels spread by vectorised
    minimum along edges and pointer jumping (numpy), a few passes for any graph; then each
    component is named by its lowest id, so a person keeps their id from run to run."""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE cc_nodes AS
                    SELECT node, max(p) AS p, CAST(row_number() OVER () - 1 AS BIGINT) AS i
                    FROM (SELECT a AS node, p FROM {edges} UNION ALL SELECT b, p FROM {edges}) GROUP BY node""")
    ends = con.execute(f"SELECT x.i AS a, y.i AS b FROM {edges} e JOIN cc_nodes x ON x.node = e.a "
                       "JOIN cc_nodes y ON y.node = e.b").fetchnumpy()
    nodes = con.execute("SELECT node, p, i FROM cc_nodes").to_arrow_table()
    label = _spread(np.asarray(ends["a"], dtype=np.int64), np.asarray(ends["b"], dtype=np.int64), nodes.num_rows)
    root = label[np.asarray(nodes["i"])]
    con.register("cc_labels", pa.table({"node": nodes["node"], "p": nodes["p"], "root": root}))
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {out} AS
                    SELECT l.node, m.component, l.p FROM cc_labels l
                    JOIN (SELECT root, min(node) AS component FROM cc_labels GROUP BY root) m USING (root)""")
    con.unregister("cc_labels")
    con.execute("DROP TABLE cc_nodes")


def _spread(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    label = np.arange(n, dtype=np.int64)
    while True:
        before = label.copy()
        low = np.minimum(label[a], label[b])
        np.minimum.at(label, a, low)
        np.minimum.at(label, b, low)
        while True:  # pointer jumping: a label's own label is at least as low
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
        if np.array_equal(label, before):
            return label


def _edges(con: duckdb.DuckDBPyConnection, pairs: str, threshold: float, within: str | None = None,
           out: str = "g_edges") -> None:
    """out(a, b, p): pairs of `pairs` at or above threshold, minus pairs decided different, plus pairs
    decided same."""
    scope = (f"AND p.person_record_id_l IN (SELECT node FROM {within}) "
             f"AND p.person_record_id_r IN (SELECT node FROM {within})") if within else ""
    # Before any review there are no decisions: the joins against them are left out (they cost a
    # scan of every pair for nothing).
    decided = con.execute("SELECT count(*) FROM link_decisions").fetchone()[0]
    different = """AND NOT EXISTS (SELECT 1 FROM link_decisions d WHERE d.decision = 'different'
                                       AND d.person_record_id_l = p.person_record_id_l
                                       AND d.person_record_id_r = p.person_record_id_r)"""
    same = f"""UNION ALL SELECT person_record_id_l, person_record_id_r, 1.0 FROM link_decisions d
               WHERE decision = 'same' {scope.replace('p.', 'd.')}"""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {out} AS
        SELECT p.person_record_id_l AS a, p.person_record_id_r AS b, p.match_probability AS p
        FROM {pairs} p
        WHERE p.match_probability >= $threshold {scope} {different if decided else ''}
        {same if decided else ''}
    """, {"threshold": threshold})


def _conflicts(con: duckdb.DuckDBPyConnection, clusters: str, records: str, settings: LinkSettings,
               within: str | None = None) -> None:
    """g_bad(component, reason) for clusters of `clusters`(node, component) that must not stand;
    dates of birth from `records`(person_record_id, dob)."""
    scope = f"WHERE c.node IN (SELECT node FROM {within})" if within else ""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE g_bad AS
        WITH members AS (
            SELECT c.component, c.node, r.dob FROM {clusters} c JOIN {records} r ON r.person_record_id = c.node
            {scope}),
        stats AS (
            SELECT component, count(*) AS size, count(DISTINCT {DOB_KEY}) AS birthdays FROM members GROUP BY component),
        apart AS (
            SELECT DISTINCT a.component FROM link_decisions d
            JOIN {clusters} a ON a.node = d.person_record_id_l
            JOIN {clusters} b ON b.node = d.person_record_id_r
            WHERE d.decision = 'different' AND a.component = b.component)
        SELECT s.component,
               concat_ws('; ',
                   CASE WHEN s.size > $max THEN s.size || ' records, more than the ' || $max || ' allowed' END,
                   CASE WHEN s.birthdays > 1 THEN s.birthdays || ' different dates of birth' END,
                   CASE WHEN ap.component IS NOT NULL THEN 'holds records a reviewer decided are different people' END
               ) AS reason
        FROM stats s LEFT JOIN apart ap USING (component)
        WHERE s.size > $max OR s.birthdays > 1 OR ap.component IS NOT NULL
    """, {"max": settings.max_cluster_size})


def cluster(con: duckdb.DuckDBPyConnection, settings: LinkSettings, pairs: str, records: str) -> dict:
    """g_clusters(node, component, status, reason) from g_edges over every linked record; returns counts."""
    components(con, "g_edges", "g_clusters")
    con.execute("ALTER TABLE g_clusters ADD COLUMN status VARCHAR DEFAULT 'linked'")
    con.execute("ALTER TABLE g_clusters ADD COLUMN reason VARCHAR")
    _conflicts(con, "g_clusters", records, settings)
    split = con.execute("SELECT count(*) FROM g_bad").fetchone()[0]
    con.execute("CREATE OR REPLACE TEMP TABLE g_scope AS SELECT node FROM g_clusters "
                "WHERE component IN (SELECT component FROM g_bad)")
    for step in settings.split_thresholds:
        if not con.execute("SELECT count(*) FROM g_bad").fetchone()[0]:
            break
        con.execute("CREATE OR REPLACE TEMP TABLE g_step AS SELECT node FROM g_clusters "
                    "WHERE component IN (SELECT component FROM g_bad)")
        _edges(con, pairs, step, within="g_step", out="g_step_edges")
        components(con, "g_step_edges", "g_parts")
        # Records that lost every link at this step stand alone.
        con.execute("INSERT INTO g_parts SELECT node, node, 0 FROM g_step WHERE node NOT IN (SELECT node FROM g_parts)")
        con.execute("UPDATE g_clusters c SET component = p.component FROM g_parts p WHERE p.node = c.node")
        _conflicts(con, "g_clusters", records, settings, within="g_step")
    con.execute("UPDATE g_clusters c SET status = 'review', reason = b.reason FROM g_bad b "
                "WHERE b.component = c.component")
    review = con.execute("SELECT count(*) FROM g_bad").fetchone()[0]
    return {"clusters_split": split, "clusters_for_review": review}


def people_rows(con: duckdb.DuckDBPyConnection, records: str) -> None:
    """Temp g_people: clusters from g_clusters, every other record of `records` a person of its own."""
    # A record's strongest link is its component's p, except where a cluster was split: links then
    # leave the cluster, so only those records need the join that keeps links inside it.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE g_split_strongest AS
        SELECT e.node, max(e.p) AS p
        FROM (SELECT a AS node, b AS other, p FROM g_edges WHERE a IN (SELECT node FROM g_scope)
              UNION ALL SELECT b, a, p FROM g_edges WHERE b IN (SELECT node FROM g_scope)) e
        JOIN g_clusters x ON x.node = e.node JOIN g_clusters y ON y.node = e.other
        WHERE x.component = y.component GROUP BY e.node""")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE g_people AS
        WITH linked AS (
            SELECT c.node, c.component, c.status, c.reason, CASE WHEN sc.node IS NULL THEN c.p ELSE sp.p END AS p
            FROM g_clusters c LEFT JOIN g_scope sc USING (node) LEFT JOIN g_split_strongest sp USING (node))
        SELECT coalesce(c.component, r.person_record_id) AS person_id, r.person_record_id, c.p AS match_probability,
               CASE WHEN r.unusable_reason IS NOT NULL THEN 'unusable'
                    WHEN c.p IS NOT NULL THEN c.status ELSE 'single' END AS status,
               coalesce(r.unusable_reason, CASE WHEN c.p IS NOT NULL THEN c.reason END) AS reason
        FROM {records} r LEFT JOIN linked c ON c.node = r.person_record_id""")


def people(con: duckdb.DuckDBPyConnection, settings: LinkSettings, pairs: str, records: str) -> dict:
    """Temp g_people from the pairs `pairs`, the decisions and the records `records`
    (person_record_id, unusable_reason, dob); returns counts. Writes nothing to the store."""
    _edges(con, pairs, settings.threshold)
    counts = cluster(con, settings, pairs, records)
    people_rows(con, records)
    counts["people"] = con.execute("SELECT count(DISTINCT person_id) FROM g_people").fetchone()[0]
    return counts


def store_people(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
    tables.sync(con, "people", "g_people", ["person_record_id"], ["person_id", "match_probability", "status", "reason"],
                run_id)


def recluster(con: duckdb.DuckDBPyConnection, settings: LinkSettings, run_id: int) -> dict:
    """Rebuild people from the stored pairs and decisions (no rescoring)."""
    counts = people(con, settings, "link_pairs", "link_records")
    store_people(con, run_id)
    return counts
