"""One Unbrace per user: the request a second start sends and the socket it meets."""
