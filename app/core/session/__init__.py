"""A practice in time: clock, timeline, player, pacer model, check-ins, speech plan, recorder."""
