"""The instruction of dossiers: assignments, declarations of interest and
conflicts, reviews and scores, consolidation and ranking (design: Reviews and
decisions)."""
