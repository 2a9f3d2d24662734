-- Evidence is numbered within its incident (1, 2, 3 …) in the order it was attached: the number is
-- what people, the API and the timeline use, so no one learns from it that other (perhaps private)
-- incidents hold evidence. The row id stays, internal. Kept evidence is numbered in place by id,
-- which within an incident is the order of attachment.
ALTER TABLE evidence ADD COLUMN number BIGINT NOT NULL DEFAULT 0;

UPDATE evidence
SET number = numbered.number
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY incident_id ORDER BY id) AS number FROM evidence) AS numbered
WHERE evidence.id = numbered.id;

ALTER TABLE evidence ALTER COLUMN number DROP DEFAULT;

CREATE UNIQUE INDEX ux_evidence_incident_number ON evidence (incident_id, number);
