"""One module per plan layout; each reads numbered lines into a LayoutResult."""
