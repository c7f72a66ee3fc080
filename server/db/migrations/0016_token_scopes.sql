ALTER TABLE "api_tokens" ADD COLUMN "scopes" text[] DEFAULT '{read,write}'::text[] NOT NULL;--> statement-breakpoint
-- Tokens admins made before scopes existed keep feeding messages in; any other user's needs an admin's grant now.
UPDATE "api_tokens" SET "scopes" = '{read,write,ingest}'::text[] WHERE "user_id" IN (SELECT "id" FROM "users" WHERE 'admin' = ANY("roles"));
