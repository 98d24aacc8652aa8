// Run by MongoDB's entrypoint on the first start only (an empty data directory): xBrowserSync's
// user, allowed to read and write its own database, and the indexes xBrowserSync's API relies on
// but does not create. Names and password come from the environment.
const name = process.env.XBS_DATABASE;
const xbs = db.getSiblingDB(name);
xbs.createUser({
  user: process.env.XBS_DB_USERNAME,
  pwd: process.env.XBS_DB_PASSWORD,
  roles: [{ role: 'readWrite', db: name }],
});
// A new sync is logged with the client's address and an expiresAt of the next midnight; an
// address that reached dailyNewSyncsLimit is refused until its logs are gone. MongoDB deletes a
// log once expiresAt is past (expireAfterSeconds 0), so without this index the refusal is for good.
xbs.newsynclogs.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
xbs.newsynclogs.createIndex({ ipAddress: 1 });
print(`Created the user and indexes of database ${name} for xBrowserSync.`);
