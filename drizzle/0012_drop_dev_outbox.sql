-- What the development outbox held stays readable in the new outbox.
INSERT INTO "mail_outbox" ("recipient", "subject", "body", "state", "created_at") SELECT "recipient", "subject", "body", 'entwicklung', "sent_at" FROM "dev_outbox";--> statement-breakpoint
DROP TABLE "dev_outbox" CASCADE;