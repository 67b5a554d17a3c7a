-- A response schema's properties are the annotation form's fields, in the order the schema declares them; jsonb
-- stores object keys sorted (by length, then bytes), so the form came out in the wrong order. json keeps the text.
ALTER TABLE rm_project ALTER COLUMN response_schema TYPE json USING response_schema::json;

-- Rows written before this migration have already lost their key order: rebuild the "workspaces" processing group's
-- read models from the event store. Without a token the tracking processor starts again at the first event, and
-- its handlers insert into empty tables. The group's dead letters go too: the replay meets those events again, and
-- a parked letter would park every later event of its aggregate. (The token and dead-letter tables belong to the
-- application's migrations; the query module's own tests run without them.)
DO $$
BEGIN
    IF to_regclass('tokenentry') IS NOT NULL THEN
        TRUNCATE rm_member, rm_workspace, rm_project, rm_batch;
        DELETE FROM tokenentry WHERE processorname = 'workspaces';
    END IF;
    IF to_regclass('deadletterentry') IS NOT NULL THEN
        DELETE FROM deadletterentry WHERE processinggroup = 'workspaces';
    END IF;
END $$;
