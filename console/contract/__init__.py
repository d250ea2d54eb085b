"""The public surface's typed shapes: what the API, the forms and the live events take in and give
out, as pydantic models with their bounds. Web, API, realtime and services read input through them,
and the OpenAPI document is generated from them, so a bound is written once."""
