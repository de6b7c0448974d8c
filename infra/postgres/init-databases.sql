-- One database per subgraph on the shared PostgreSQL server. Each subgraph reads and writes only
-- its own; its migrations create the tables when it starts.
-- Runs once, from /docker-entrypoint-initdb.d, when the data volume is empty. It is also safe to
-- run again by hand (psql -f), since it only creates what is missing.

SELECT 'CREATE DATABASE mcs_members' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mcs_members')\gexec
SELECT 'CREATE DATABASE mcs_schemes' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mcs_schemes')\gexec
SELECT 'CREATE DATABASE mcs_claims' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mcs_claims')\gexec
SELECT 'CREATE DATABASE mcs_finance' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mcs_finance')\gexec
SELECT 'CREATE DATABASE mcs_providers' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mcs_providers')\gexec
SELECT 'CREATE DATABASE mcs_identity' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mcs_identity')\gexec
SELECT 'CREATE DATABASE mcs_crm' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mcs_crm')\gexec
SELECT 'CREATE DATABASE mcs_tokens' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mcs_tokens')\gexec
SELECT 'CREATE DATABASE mcs_wellness' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mcs_wellness')\gexec
SELECT 'CREATE DATABASE mcs_analytics' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mcs_analytics')\gexec
SELECT 'CREATE DATABASE mcs_engagement' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mcs_engagement')\gexec
