-- The link of an online offering: given to confirmed participants only, never in the public catalogue.
ALTER TABLE "offerings" ADD COLUMN "online_link" TEXT;
