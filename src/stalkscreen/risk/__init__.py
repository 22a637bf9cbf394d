"""The risk stage (recommendations 12.1, 12.2): risk instruments as versioned question banks,
recorded assessments with their count of "yes" answers, suggested level and the assessor's graded
judgement, and the list of S-DASH assessments due or overdue for review."""
