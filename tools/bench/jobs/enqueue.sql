-- :n no-op jobs, ready now, without tenant (platform work), in one statement (tools/bench/jobs/run).
INSERT INTO jobs (tenant_id, kind, payload, label, state, run_at, attempts, max_attempts, created_at)
SELECT NULL, 'jobs.no-op', '{}', 'bench ' || g, 'queued', now(), 0, 8, now()
FROM generate_series(1, :n) g;
