"""A short news story in HTML, for tests that need article paragraphs around clutter."""

STORY = (
    "<p>The river rose by two metres overnight, and the authorities closed three bridges "
    "in the old town before dawn on Saturday.</p>"
    "<p>Engineers said the water would fall again by Monday if the rain stopped, but warned "
    "that the embankments had not been designed for a flood of this size.</p>"
    "<p>Residents were told to stay away from the banks until the water falls again.</p>"
)
