-- Every accepted request ends in exactly one final answer per final outcome (docs/architecture.md): the outcome a
-- system was last answered with (DONE, FAILED or DEAD_LETTER), and when its answer was last queued (so that an answer
-- whose queue message was lost is queued again, without flooding a system that is down).
ALTER TABLE reply_context ADD COLUMN answered_status VARCHAR(16);
ALTER TABLE reply_context ADD COLUMN queued_at TIMESTAMP WITH TIME ZONE;
UPDATE reply_context SET answered_status = (SELECT s.status FROM signing_request s WHERE s.id = reply_context.request_pk)
    WHERE sent_at IS NOT NULL;
