"""Oversight: problem profiles, national statistics and the action-plan tracker."""
