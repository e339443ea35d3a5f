-- Run once by the postgres image on an empty data volume (docker-compose.yml): one database per
-- service. Each service applies its own migrations when it starts.
CREATE DATABASE seminarwerk_catalogue;
CREATE DATABASE seminarwerk_registration;
CREATE DATABASE seminarwerk_invoicing;
CREATE DATABASE seminarwerk_notification;
CREATE DATABASE seminarwerk_gateway;
-- The back office's (staff accounts and sessions). A volume made before it existed: the app creates it at start.
CREATE DATABASE seminarwerk_backoffice;
