-- TSA serials are handed out in blocks of 64 per node (DatabaseTimestampSerials).
ALTER SEQUENCE tsa_serial_seq INCREMENT BY 64;
