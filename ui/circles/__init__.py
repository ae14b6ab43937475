"""The circles workspace: the list of circles, a circle's details and members."""
