"""Relationship health in the window: the score and chart on the person page, the
overview of everyone over time, and the "Today" list. pyqtgraph is imported only when a
chart is first built (``person_chart``, ``overview_chart``), never at start-up."""
