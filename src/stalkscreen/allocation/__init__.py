"""Allocation of stalking cases to teams by a configurable policy (recommendation 17.1): the
suggested team and why for each open case, the cases allocated against the policy, and recording
an allocation. `policy` reads reference/allocation.yaml; `suggest` applies it; `record` records."""
