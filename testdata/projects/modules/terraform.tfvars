role_name = "etl-runtime-role"
