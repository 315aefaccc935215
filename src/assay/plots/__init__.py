"""Pictures Assay posts in Slack (radar, gut-check plots), drawn with matplotlib's Agg canvas.

Nothing here touches ``matplotlib.pyplot`` or global rc settings, so figures can be drawn from
several server threads at once.
"""
