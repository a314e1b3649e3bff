-- Per-clinic read isolation (issue 12): a clinic's login role sees only its clinic's rows in the dashboard tables,
-- whatever SQL it sends, and no Grafana or clinic role reads the sink's own tables.
--
-- Which clinic a role may read is kept here, in clinic_roles, owned by the migration owner (the sink's user) and
-- readable by nobody else. The policies ask clinic_of_session(), a SECURITY DEFINER function, which looks up
-- session_user: the role that logged in. A client cannot change session_user (only a superuser may SET SESSION
-- AUTHORIZATION), whereas current_user follows SET ROLE, and a setting (current_setting) follows SET: neither is
-- trusted. A role that is not registered sees no rows at all.
--
-- ENABLE without FORCE: the owner of the tables is the sink's writer, which must keep upserting, deleting and
-- expiring every clinic's rows; without FORCE the owner bypasses the policies, everyone else is subject to them.

create table clinic_roles (
  role_name name primary key,
  clinic_id text,               -- the one clinic the role may read; null only for an all-clinics role
  all_clinics boolean not null default false,  -- an explicit cross-clinic analyst role (e.g. grafana_reader)
  registered_at timestamptz not null default now(),
  constraint one_clinic_or_all check ((clinic_id is null) = all_clinics)
);
revoke all on clinic_roles from public;

-- The clinic the logged-in role may read; null when it may read none (or all, see session_reads_all_clinics). The
-- search_path is fixed and the table qualified, so that no object a caller creates can stand in for clinic_roles.
create function clinic_of_session() returns text
  language sql stable security definer
  set search_path = pg_catalog, pg_temp
  as $$ select clinic_id from public.clinic_roles where role_name = session_user and not all_clinics $$;

create function session_reads_all_clinics() returns boolean
  language sql stable security definer
  set search_path = pg_catalog, pg_temp
  as $$ select coalesce((select all_clinics from public.clinic_roles where role_name = session_user), false) $$;

-- Each sub-select is evaluated once per query (an InitPlan), not once per row.
alter table sleep_change enable row level security;
create policy clinic_reads_own_rows on sleep_change for select
  using ((select session_reads_all_clinics()) or clinic_id = (select clinic_of_session()));

alter table nightly_sleep enable row level security;
create policy clinic_reads_own_rows on nightly_sleep for select
  using ((select session_reads_all_clinics()) or clinic_id = (select clinic_of_session()));

-- grafana_reader, the compose Grafana's login, stays what it was, now explicitly: the cross-clinic analyst role.
-- It no longer reads the sink's tables (raw payloads of rejected records, offsets) nor the role mapping; the
-- default privileges of init.sql still give it SELECT on tables created later, so a later sink_* table must revoke
-- it again. The role exists in the compose database; a database without it (tests, other set-ups) is left alone.
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'grafana_reader') then
    insert into clinic_roles (role_name, clinic_id, all_clinics) values ('grafana_reader', null, true);
    revoke all on sink_rejections, sink_offsets, clinic_roles from grafana_reader;
  end if;
end
$$;
revoke all on sink_rejections, sink_offsets from public;
