package org.cityhub.security;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;

/**
 * Spring MVC finds each request's handler once, not twice: the security filter chain runs without the
 * {@code HandlerMappingIntrospector} cache filter that Spring Security 6.5 puts in front of it.
 *
 * <p>Whenever Spring MVC is present, Spring Security's {@code WebMvcSecurityConfiguration} replaces the bean
 * {@code springSecurityFilterChain} with a composite: a filter that looks up the request's handler in every handler
 * mapping and caches the result, then the real {@code FilterChainProxy}. The cache serves {@code MvcRequestMatcher}s and
 * CORS configuration taken from handler mappings. The hub has neither: every matcher of {@link WebSecurity} is a
 * {@code PathPatternRequestMatcher}, which matches the path alone, and no chain configures CORS. So the lookup was pure
 * cost, made again by the {@code DispatcherServlet}: in the lookups' profile the cache filter held 11.4% of the request
 * threads' samples (bench/NOTES.md). Spring Security 6.5 has no setting to leave it out; this post-processor, run
 * after every bean-definition registrar, takes it out of the chain's definition and leaves the rest as built.
 *
 * <p>{@code SecurityIT} counts the handler lookups of one request, so an upgrade that brings the lookup back fails the
 * build instead of silently costing it again. Adding an {@code MvcRequestMatcher} or {@code http.cors()} to
 * {@link WebSecurity} would need this class gone (Spring Security then warns of cache misses).
 */
final class OneHandlerLookup implements BeanFactoryPostProcessor {

    static final String CHAIN = "springSecurityFilterChain";
    private static final String CACHE_FILTER = "$HandlerMappingIntrospectorCacheFilterFactoryBean";
    private static final String COMPOSITE = "$CompositeFilterChainProxy";
    private static final Logger log = LoggerFactory.getLogger(OneHandlerLookup.class);

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!(beanFactory instanceof BeanDefinitionRegistry registry) || !registry.containsBeanDefinition(CHAIN)) {
            return;
        }
        BeanDefinition chain = registry.getBeanDefinition(CHAIN);
        BeanDefinition without = withoutCacheFilter(chain);
        if (without == null) {
            log.debug("{}: no handler-lookup cache filter in front of it", CHAIN);
        } else if (without != chain) {
            registry.removeBeanDefinition(CHAIN);
            registry.registerBeanDefinition(CHAIN, without);
        }
    }

    /**
     * The chain's definition without the cache filter; null when it holds none. Spring Security nests its composites
     * (each a first filter, then the chain it wraps; {@code WebSecurityConfiguration} puts the request-path filter in
     * front the same way, which stays): a composite whose first filter is the cache filter is replaced by what it
     * wraps, any other composite keeps its first filter and has the cache filter taken out of what it wraps.
     */
    private static BeanDefinition withoutCacheFilter(BeanDefinition definition) {
        List<Object> filters = compositeFilters(definition);
        if (filters == null) {
            return null;
        }
        BeanDefinition wrapped = (BeanDefinition) filters.get(1);
        BeanDefinition inner = withoutCacheFilter(wrapped);
        if (isA(filters.get(0), CACHE_FILTER)) {
            return inner == null ? wrapped : inner;
        }
        if (inner == null) {
            return null;
        }
        filters.set(1, inner);
        return definition;
    }

    /** A composite chain's two filters (a filter, then the chain it wraps), or null for anything else. */
    @SuppressWarnings("unchecked")
    private static List<Object> compositeFilters(BeanDefinition definition) {
        if (!isA(definition, COMPOSITE)) {
            return null;
        }
        ValueHolder arg = definition.getConstructorArgumentValues().getIndexedArgumentValue(0, null);
        if (arg == null) {
            arg = definition.getConstructorArgumentValues().getGenericArgumentValue(List.class);
        }
        if (arg != null && arg.getValue() instanceof List<?> list && list.size() == 2 && list.get(1) instanceof BeanDefinition) {
            return (List<Object>) list;
        }
        log.warn("{}: a composite chain of Spring Security in a form this hub does not know (Spring Security upgraded?);"
                + " every request's handler may be looked up twice", CHAIN);
        return null;
    }

    private static boolean isA(Object definition, String classNameEnd) {
        return definition instanceof BeanDefinition d && d.getBeanClassName() != null && d.getBeanClassName().endsWith(classNameEnd);
    }
}
