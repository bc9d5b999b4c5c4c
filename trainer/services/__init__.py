"""Use cases shared by the command line, the web app and background jobs."""
