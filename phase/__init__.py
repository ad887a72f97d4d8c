"""The phase controller: gates, the journaled write switch, and the stage changes they guard."""
