-- delegation-service: policies target subjects, actions and resources by glob patterns and carry
-- an optional CEL condition (compiled on write, so every stored condition compiles). The V1
-- columns scopes/audiences/conditions were never used; an empty pattern list matches anything.
ALTER TABLE policies DROP COLUMN scopes;
ALTER TABLE policies DROP COLUMN audiences;
ALTER TABLE policies DROP COLUMN conditions;
ALTER TABLE policies DROP COLUMN priority;
ALTER TABLE policies ADD COLUMN description TEXT;
ALTER TABLE policies ADD COLUMN actions TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE policies ADD COLUMN resources TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE policies ADD COLUMN condition TEXT;
ALTER TABLE policies ADD COLUMN created_by TEXT;
