-- One tenant for the sweep benchmark (tools/bench/jobs/run): the reminders module on, one tenant admin
-- (the rules' default recipient role, so that deliveries have a recipient), no saved rule (defaults:
-- 90, 30 and 7 days before, immediate mails), and :total agreements of which exactly :due are due.
-- Due: Active, next review 1 to 88 days ahead (inside the 90-day window whatever the hour in Paris).
-- The others: Active too, but reviewed in the past or more than 90 days ahead (outside the window).
-- psql variables: slug, total, due.
BEGIN;
INSERT INTO tenants (id, slug, display_name, default_culture, time_zone_id, status, brand_color, calendar_feed_token, created_at, updated_at)
VALUES (gen_random_uuid(), :'slug', 'Bench ' || :'slug', 'fr', 'Europe/Paris', 'Active', '#1d4f91', md5(random()::text || :'slug'), now(), now());

INSERT INTO tenant_modules (tenant_id, module_key)
SELECT id, m FROM tenants CROSS JOIN (VALUES ('agreements'), ('reminders')) AS mods(m) WHERE slug = :'slug';

INSERT INTO users (id, display_name, user_name, normalized_user_name, email, normalized_email, email_confirmed,
                   security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
SELECT gen_random_uuid(), 'Admin ' || :'slug', e, upper(e), e, upper(e), true, md5(random()::text), gen_random_uuid()::text, false, false, true, 0
FROM (SELECT 'admin@' || :'slug' || '.bench.example' AS e) x;

INSERT INTO tenant_memberships (tenant_id, user_id, role, created_at)
SELECT t.id, u.id, 'tenant-admin', now()
FROM tenants t, users u WHERE t.slug = :'slug' AND u.user_name = 'admin@' || :'slug' || '.bench.example';

INSERT INTO agreements (tenant_id, id, kind, title, signed_on, signed_at, status, next_review_on, is_public, summary, created_at, updated_at)
SELECT t.id, gen_random_uuid(),
       (ARRAY['TwinningOath','CooperationAgreement','Charter','JointDeclaration','FriendshipPact'])[1 + g % 5],
       'Accord n° ' || g, DATE '1958-07-10' + (g % 20000), 'Hôtel de ville', 'Active',
       CASE WHEN g <= :due THEN today + 1 + (g % 88)            -- due
            WHEN g % 2 = 0 THEN today - 1 - (g % 3650)          -- reviewed in the past
            ELSE today + 91 + (g % 3650) END,                   -- far future
       g % 7 <> 0, 'Coopération dans plusieurs domaines.', now(), now()
FROM tenants t CROSS JOIN (SELECT (now() AT TIME ZONE 'Europe/Paris')::date AS today) d CROSS JOIN generate_series(1, :total) g
WHERE t.slug = :'slug';
COMMIT;
