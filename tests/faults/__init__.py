"""An LD_PRELOAD shim that fails writes like a full disk, and how to run code under it."""
