"""RFGV harm ranking (recommendation 12.3): recency, frequency, gravity and victimisation scores
for linked suspects and dyads, with the crimes and weights behind each score."""
