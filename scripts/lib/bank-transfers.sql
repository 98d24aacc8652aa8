-- A write load whose consistency can be checked: each transaction adds one debit and one credit, so a
-- consistent copy of the database holds as many of each. CALL bank.transfers(n, pause) runs n of
-- them, pausing `pause` seconds inside each. Used by scripts/torn-write.sh and DatabaseDumpTests.
CREATE DATABASE bank;
CREATE TABLE bank.debits (id INT PRIMARY KEY AUTO_INCREMENT, amount INT) ENGINE=InnoDB;
CREATE TABLE bank.credits (id INT PRIMARY KEY AUTO_INCREMENT, amount INT) ENGINE=InnoDB;
DELIMITER //
CREATE PROCEDURE bank.transfers(n INT, pause DOUBLE) BEGIN
  DECLARE i INT DEFAULT 0;
  WHILE i < n DO
    START TRANSACTION;
    INSERT INTO bank.debits (amount) VALUES (i);
    DO SLEEP(pause);
    INSERT INTO bank.credits (amount) VALUES (i);
    COMMIT;
    SET i = i + 1;
  END WHILE;
END//
DELIMITER ;
