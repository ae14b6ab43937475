"""Sessions: planning, the register, the live timer, the projector, the review."""
