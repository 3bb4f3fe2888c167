-- A Flexiti authorization's follow-ups (a capture, a release, a return of a capture) carry no
-- reference of ours upstream: Flexiti lists no such id. What the authorization held (a capture,
-- a release), or what the capture had left to return (a return), and the highest id among the
-- authorization's captures, are read and written here just before the follow-up is sent (its
-- `created_at` restarts then); one whose answer was lost is found by the difference. NULL on card
-- follow-ups and session refunds, and on a Flexiti follow-up never sent.
ALTER TABLE follow_up_attempts ADD COLUMN held_before_cents BIGINT;
ALTER TABLE follow_up_attempts ADD COLUMN last_capture_before BIGINT;
