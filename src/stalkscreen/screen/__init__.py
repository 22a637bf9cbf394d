"""The screen stage: find stalking in crime records by offence, narrative, course of conduct and order breach."""
