"""The Slack adapter: the only package that imports slack_bolt / slack_sdk."""
