"""Ground truth: who each person record really is, which crimes are stalking, the campaigns
(courses of conduct) and the order each protective order belongs to. Written under truth/ only."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from stalkscreen.synth import campaigns
from stalkscreen.synth.columns import ids, text
from stalkscreen.synth.clock import timestamp_text


def tables(camp, c, crime_ids, pr_ids, records, who, order_truth) -> dict[str, pa.Table]:
    is_campaign = c["campaign"] >= 0
    campaign_ids = ids("C", np.maximum(c["campaign"], 0) + 1, 6)
    true_ids = ids("T", records["identity"], 8)
    crimes_truth = pa.table({
        "crime_id": crime_ids, "is_stalking": text(np.where(is_campaign, "true", "false").astype(object)),
        "campaign_id": pc.if_else(pa.array(is_campaign), campaign_ids, pa.scalar(None, pa.string())),
        "correct_offence_code": text(c["correct"]), "recorded_offence_code": text(c["principal"]),
        "stalking_recorded": text(c["stalking_recorded"]),
    })
    k = len(camp)
    rows = np.flatnonzero(is_campaign)
    by_campaign = c["campaign"][rows]
    first_rec = np.full(k, np.iinfo(np.int64).max)
    last_rec = np.full(k, -1)
    np.minimum.at(first_rec, by_campaign, c["recorded"][rows])
    np.maximum.at(last_rec, by_campaign, c["recorded"][rows])
    campaigns_truth = pa.table({
        "campaign_id": ids("C", np.arange(1, k + 1), 6),
        "suspect_true_person_id": ids("T", camp.suspect, 8), "victim_true_person_id": ids("T", camp.victim, 8),
        "relationship": text(np.array(campaigns.RELATIONSHIPS, dtype=object)[camp.relationship]),
        "recording": text(np.array(["hidden", "included", "stalking"], dtype=object)[camp.style]),
        "stalking_offence_code": text(np.array(campaigns.STALKING_CODES, dtype=object)[camp.stalking_code]),
        "crimes": pa.array(camp.size), "explicit_words": text(np.where(camp.explicit, "true", "false").astype(object)),
        "behaviours": text(np.array([";".join(campaigns.BEHAVIOURS[b] for b in row) for row in camp.behaviours],
                                     dtype=object)),
        "first_recorded_at": timestamp_text(first_rec), "last_recorded_at": timestamp_text(last_rec),
    })
    people_truth = pa.table({"person_record_id": pr_ids, "true_person_id": true_ids})
    orders_truth = pa.table({"order_id": pa.array([o for o, _ in order_truth], pa.string()),
                             "campaign_id": pa.array([f"C{k_ + 1:06d}" for _, k_ in order_truth], pa.string())})
    return {"people": people_truth, "crimes": crimes_truth, "campaigns": campaigns_truth, "orders": orders_truth}
