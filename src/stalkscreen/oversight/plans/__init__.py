"""The action-plan tracker: import published plans, track status and deadlines, compare forces,
evidence each recommendation with live figures, and write the progress update."""
