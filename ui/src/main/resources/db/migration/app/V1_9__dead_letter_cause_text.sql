-- A dead letter's cause must always fit: a projection's failure message (a SQL error quoting the statement, say) is
-- often longer than 1023 characters, and a dead letter that cannot be stored leaves its processor failing on the
-- same event for ever. The application also cuts causes to 4000 characters and strips NUL before storing them.
ALTER TABLE deadletterentry ALTER COLUMN causemessage TYPE TEXT;
