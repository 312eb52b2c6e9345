-- Argo CD health check for the kinds of acr.operator.dev (Argo CD wants one copy per kind; a test keeps the four identical),
-- from their kstatus conditions: Stalled -> Degraded, Ready at the current generation -> Healthy, anything else -> Progressing;
-- the annotation reconcile-policy: skip -> Suspended. A Ready resource whose own second condition failed is Degraded too:
-- a Registry's PullSecretsReady (its pull secrets) and a BuildTask's Succeeded (its last run).
local hs = {}
local generation = obj.metadata.generation
local status = obj.status or {}

if obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Being deleted: the operator is removing or releasing the Azure resource"
  return hs
end

local conditions = {}
for _, condition in ipairs(status.conditions or {}) do
  conditions[condition.type] = condition
end

local stalled = conditions["Stalled"]
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = (stalled.reason or "Stalled") .. ": " .. (stalled.message or "")
  return hs
end

local annotations = obj.metadata.annotations or {}
if annotations["acr.operator.dev/reconcile-policy"] == "skip" then
  hs.status = "Suspended"
  hs.message = "reconcile-policy is skip: the operator observes Azure and never writes it"
  return hs
end

-- A status written for an older spec says nothing about the current one.
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to reconcile generation " .. generation
  return hs
end

local ready = conditions["Ready"]
local reconciling = conditions["Reconciling"]
if ready ~= nil and ready.status == "True" and (reconciling == nil or reconciling.status ~= "True")
    and (ready.observedGeneration == nil or generation == nil or ready.observedGeneration >= generation) then
  -- Reasons of PullSecretsReady=False that only mean "not yet": waiting on Azure or on the registry.
  local waiting = { WaitingForRegistry = true, ProvisioningToken = true, Throttled = true }
  local pullSecrets = conditions["PullSecretsReady"]
  if pullSecrets ~= nil and pullSecrets.status == "False" then
    hs.status = waiting[pullSecrets.reason or ""] and "Progressing" or "Degraded"
    hs.message = "Pull secrets: " .. (pullSecrets.reason or "NotReady") .. ": " .. (pullSecrets.message or "")
    return hs
  end
  local run = conditions["Succeeded"]
  if run ~= nil and run.status == "False" then
    hs.status = "Degraded"
    hs.message = "Last run: " .. (run.reason or "Failed") .. ": " .. (run.message or "")
    return hs
  end
  hs.status = "Healthy"
  hs.message = ready.message or "Ready"
  return hs
end

hs.status = "Progressing"
if reconciling ~= nil and reconciling.status == "True" then
  hs.message = (reconciling.reason or "Reconciling") .. ": " .. (reconciling.message or "")
elseif ready ~= nil then
  hs.message = (ready.reason or "NotReady") .. ": " .. (ready.message or "")
else
  hs.message = "Waiting for the operator to report Ready"
end
return hs
