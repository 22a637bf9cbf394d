"""The casework stage: protective orders through their lifecycle, Victims' Code compliance,
investigation items of stalking cases, and audit and survey samples."""
