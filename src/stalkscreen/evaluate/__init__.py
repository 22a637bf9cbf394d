"""Accuracy against a synthetic force's ground truth (the truth/ folder `stalkscreen synth` writes)."""
