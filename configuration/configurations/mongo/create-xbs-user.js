// Run by MongoDB's entrypoint on the first start only (an empty data directory): xBrowserSync's
// user, allowed to read and write its own database. Names and password come from the environment.
const name = process.env.XBS_DATABASE;
db.getSiblingDB(name).createUser({
  user: process.env.XBS_DB_USERNAME,
  pwd: process.env.XBS_DB_PASSWORD,
  roles: [{ role: 'readWrite', db: name }],
});
print(`Created the user of database ${name} for xBrowserSync.`);
