# finops-bot: stateless replicas on PostgreSQL (set DATABASE_URL), or one instance on
# the embedded database in /data (FINOPS_DATA_DIR) for a single-node trial.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY bin ./bin
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# `npm ci` runs `prepare`, which compiles src/ to dist/.
RUN npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim
# A container is reached through its published port, so it listens on every interface (HOST).
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 FINOPS_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/src/console/public ./src/console/public
COPY package.json ./
COPY bin ./bin
COPY manifests ./manifests
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "bin/finops-bot.js", "serve"]
