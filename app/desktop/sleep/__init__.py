"""When the machine goes to sleep and wakes, from logind."""
