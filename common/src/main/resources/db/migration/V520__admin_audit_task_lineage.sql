-- admin-api: task lineage in the audit trail (issue 15, item 8). Delegated exchanges record
-- attributes task_id and parent_task_id; GET /v1/audit-events?task_id= and the task chain read
-- them. Partial: most events carry no task (the planner proves IS NOT NULL from the equality).
CREATE INDEX audit_events_task_id ON audit_events ((attributes->>'task_id'), seq)
    WHERE (attributes->>'task_id') IS NOT NULL;
