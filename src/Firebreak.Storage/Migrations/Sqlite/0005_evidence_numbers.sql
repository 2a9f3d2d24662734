-- Evidence is numbered within its incident (1, 2, 3 …) in the order it was attached: the number is
-- what people, the API and the timeline use, so no one learns from it that other (perhaps private)
-- incidents hold evidence. The row id stays, internal. Kept evidence is numbered in place by id,
-- which within an incident is the order of attachment.
ALTER TABLE evidence ADD COLUMN number INTEGER NOT NULL DEFAULT 0;

UPDATE evidence
SET number = (SELECT COUNT(*) FROM evidence e WHERE e.incident_id = evidence.incident_id AND e.id <= evidence.id);

CREATE UNIQUE INDEX ux_evidence_incident_number ON evidence (incident_id, number);
