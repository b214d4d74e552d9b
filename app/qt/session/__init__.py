"""The session page: driver, pacer, silhouette, safety notices, speech preparation."""
