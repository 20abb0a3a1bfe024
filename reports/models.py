# The follow-up reports are generated from the action plans; they store nothing of their own.
