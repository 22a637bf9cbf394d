"""Digital evidence for a stalking investigation (recommendations 18.1, 20.2-20.4): contact and
location extractions imported against a crime (`importing`), analysed into contact timelines, core
times, escalation and co-location (`analysis`), and written as an evidence pack (`pack`)."""
