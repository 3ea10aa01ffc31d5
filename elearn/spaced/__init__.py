"""The spaced nano-course: campaigns, lesson e-mails, repetition, reflections and retention."""
